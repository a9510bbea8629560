export * from "./sessions";
export * from "./sign-in";
