/** Sign-up, sign-in, sign-out and the session's safety messages. */
export const auth = {
  "auth.csrf.title": "Форманың мерзімі өтті",
  "auth.csrf.body":
    "Форма тым ұзақ ашық тұрды немесе басқа сайттан жіберілді, сондықтан ештеңе жасалмады. Артқа оралып, бетті жаңартып, қайталап көріңіз.",
};
