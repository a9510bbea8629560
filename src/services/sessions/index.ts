export * from "./account";
export * from "./demo";
export * from "./sessions";
export * from "./sign-in";
