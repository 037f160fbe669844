import type { CombinedError } from "urql";

// A field the role may not read is null with a FORBIDDEN error at its path: the page treats it as
// absent, so such errors are not shown. Every other error is.
export function visibleErrors(error: CombinedError | undefined): string[] {
  if (!error) return [];
  if (error.networkError) return [error.networkError.message];
  return error.graphQLErrors
    .filter((e) => !(e.extensions?.code === "FORBIDDEN" && e.path && e.path.length > 1))
    .map((e) => e.message);
}

export function errorCode(error: CombinedError | undefined): string | undefined {
  return error?.graphQLErrors.map((e) => e.extensions?.code as string | undefined).find(Boolean);
}

export function money(m: { amount: string; currency: string } | null | undefined): string | null {
  if (!m) return null;
  const value = Number(m.amount);
  return new Intl.NumberFormat("en", { style: "currency", currency: m.currency }).format(value);
}

export function initials(name: string | null | undefined): string {
  return (name || "?")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]!.toUpperCase())
    .join("");
}
