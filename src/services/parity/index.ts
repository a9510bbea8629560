// The parity verbs (report, invoice checks, keys, verification), as the transports import them.
export * from "../pricing/parity";
