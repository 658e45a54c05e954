export { delegate as ALL } from '../../lib/delegate.ts';
