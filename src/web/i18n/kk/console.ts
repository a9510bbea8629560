/** Аурухана консолі тұтастай: қосымша шегінен үлкен жүктеулер. */
export const consoleTexts = {
  "console.tooLarge.title": "Файл тым үлкен",
  "console.tooLarge.body": "Жүктеу {size} КБ-тан үлкен, бұл сайттың шегі. Файлды бөліп, бөліктерін жеке жүктеңіз.",
} as const;
