/** Any Adyen API version in the path (/v68/, /v71/, /v72/ …): the library's version moves, the API here does not. */
export const V = ':version(^v\\d+$)';
