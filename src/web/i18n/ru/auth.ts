/** Sign-up, sign-in, sign-out and the session's safety messages. */
export const auth = {
  "auth.csrf.title": "Срок действия формы истёк",
  "auth.csrf.body":
    "Форма была открыта слишком долго или отправлена с другого сайта, поэтому ничего не сделано. Вернитесь, обновите страницу и попробуйте снова.",
};
