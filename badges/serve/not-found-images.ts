import type { BadgeVariant, RenderedBadge } from './badge-entry.ts';
import { renderEntry } from './badge-entry.ts';

/**
 * The "not found in the registry" badge, one per variant (theme × lang × size × format, each
 * with its encodings), rendered once and shared by every unknown id. It depends on nothing but
 * the variant, so a flood of random ids costs no render after the first of each variant. The
 * set is small and finite (a few dozen entries, well under a megabyte), so it is never evicted.
 */
export class NotFoundImages {
  readonly #registryHost: string;
  readonly #ready = new Map<string, RenderedBadge>();
  readonly #pending = new Map<string, Promise<RenderedBadge>>();
  readonly #onRender: () => void;

  constructor(registryHost: string, onRender: () => void) {
    this.#registryHost = registryHost;
    this.#onRender = onRender;
  }

  /** The image if it was rendered already: the synchronous path of the fast lane. */
  peek(variantKey: string): RenderedBadge | undefined {
    return this.#ready.get(variantKey);
  }

  /** The image of a variant, rendering it on first use (concurrent first requests share one render). */
  get(variantKey: string, variant: BadgeVariant): Promise<RenderedBadge> {
    const ready = this.#ready.get(variantKey);
    if (ready) return Promise.resolve(ready);
    let pending = this.#pending.get(variantKey);
    if (!pending) {
      this.#onRender();
      pending = renderEntry(undefined, 'not_found', variant, null, this.#registryHost).then(
        (entry) => {
          this.#ready.set(variantKey, entry);
          this.#pending.delete(variantKey);
          return entry;
        },
        (error: unknown) => {
          this.#pending.delete(variantKey);
          throw error;
        },
      );
      this.#pending.set(variantKey, pending);
    }
    return pending;
  }
}
