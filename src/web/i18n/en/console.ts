/** The hospital console as a whole: uploads over the app's body limit. */
export const consoleTexts = {
  "console.tooLarge.title": "Upload too large",
  "console.tooLarge.body":
    "The upload is larger than {size} KB, the most this site accepts. Split the file and upload the parts.",
} as const;
