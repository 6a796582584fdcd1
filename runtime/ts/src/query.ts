// Query and mutation options (types only): what the generated fooQuery and fooMutation
// functions return, shaped as TanStack Query v5 takes its options, so that they pass
// straight to useQuery, useMutation, queryClient.fetchQuery or invalidateQueries' keys (in
// React, Vue, Svelte or Solid) without sfn importing TanStack. Nothing here is code: a
// program that uses no helper carries none of them.

/** A query or mutation key: [service, function] then, for a query, its arguments. */
export type QueryKey = readonly unknown[];

/**
 * What fooQuery(args) returns for a GET function foo: the key ["Service", "foo", args], and
 * a queryFn that calls foo with the query's AbortSignal. R is foo's result, E the errors it
 * rejects with.
 */
export interface QueryOptions<R, E, K extends QueryKey = QueryKey> {
  queryKey: K;
  queryFn: (context: { signal: AbortSignal }) => Promise<R>;
  /**
   * Never set: its type names E, so that TanStack Query infers the error type (its
   * useQuery's error is E | null) from the options alone.
   */
  retry?: (failureCount: number, error: E) => boolean;
}

/**
 * What fooMutation() returns for a function foo: the key ["Service", "foo"], and a
 * mutationFn that calls foo with its arguments A (none: void). R is foo's result, E the
 * errors it rejects with.
 */
export interface MutationOptions<R, E, A> {
  mutationKey: QueryKey;
  mutationFn: (args: A) => Promise<R>;
  /** Never set: names E for TanStack Query's inference, as in QueryOptions. */
  retry?: (failureCount: number, error: E) => boolean;
}
