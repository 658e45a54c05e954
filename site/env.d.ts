/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    deps: import('../api/app/deps.ts').Deps;
    requestId: string;
    /** The signed-in staff member on /admin pages (set by the middleware), otherwise null. */
    staff: import('../api/admin/principal.ts').StaffPrincipal | null;
    /** The signed-in member on /member pages (set by the middleware), otherwise null. */
    member: import('../api/admin/principal.ts').MemberPrincipal | null;
    /** What the staff session must do first (give or enrol a second factor), or null. */
    secondFactorStep: import('../api/auth/second-factor/policy.ts').SecondFactorStep;
  }
}
