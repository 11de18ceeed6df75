/**
 * A code list in the console's display order that names every code of the server's
 * enum `T` (from docs/openapi.json) and nothing else: a code added to the document and
 * left out here, or one misspelt, fails the type check.
 */
export function codeList<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L => list
}
