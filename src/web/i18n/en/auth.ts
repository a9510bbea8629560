/** Sign-up, sign-in, sign-out and the session's safety messages. */
export const auth = {
  "auth.csrf.title": "Your form expired",
  "auth.csrf.body":
    "This form was open too long or came from another site, so nothing was done. Go back, reload the page and try again.",
} as const;
