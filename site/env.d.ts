/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    deps: import('../api/deps.ts').Deps;
    requestId: string;
    /** The signed-in staff member on /admin pages (set by the middleware), otherwise null. */
    staff: import('../api/auth/principal.ts').StaffPrincipal | null;
  }
}
