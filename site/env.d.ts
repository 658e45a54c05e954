/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    deps: import('../api/deps.ts').Deps;
    requestId: string;
  }
}
