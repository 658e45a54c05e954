/** Satori style object: CSS properties in camelCase. */
export type Style = Readonly<Record<string, string | number>>;
export type Child = SatoriElement | string;

/** The React-element-like plain object satori accepts; no JSX runtime needed. */
export interface SatoriElement {
  type: 'div' | 'span';
  props: { style: Style; children?: Child | Child[] };
}

/** Builds an element; `children` left out when there are none. */
export const el = (type: SatoriElement['type'], style: Style, children?: Child | Child[]): SatoriElement =>
  children === undefined ? { type, props: { style } } : { type, props: { style, children } };
