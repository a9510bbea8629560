// The quote verbs the transports call (REST routes and web pages import from here).
export { createQuote } from "./create-quote";
export { getQuote, listQuotes } from "./read-quotes";
export { repriceOpenQuotes } from "./reprice-open-quotes";
export { QUOTE_VALID_DAYS } from "./pricing";
