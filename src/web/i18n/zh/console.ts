/** 医院控制台整体：超过应用请求体上限的上传。 */
export const consoleTexts = {
  "console.tooLarge.title": "上传的文件过大",
  "console.tooLarge.body": "上传内容超过 {size} KB，这是本网站接受的上限。请将文件拆分后分别上传。",
} as const;
