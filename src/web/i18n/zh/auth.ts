/** Sign-up, sign-in, sign-out and the session's safety messages. */
export const auth = {
  "auth.csrf.title": "表单已失效",
  "auth.csrf.body": "此表单打开时间过长或来自其他网站，因此未执行任何操作。请返回、刷新页面后重试。",
};
