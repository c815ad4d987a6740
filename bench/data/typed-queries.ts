/** As a clerk types a search: each prefix of a few words of the synthetic removals, and a username. */
export const TYPED_QUERIES = ['park', 'council', 'threat', 'budget', 'poster12', 'cheap watches'].flatMap((word) => Array.from({ length: word.length }, (_, i) => word.slice(0, i + 1)));
