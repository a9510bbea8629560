/** 服务按稳定代码给出的业务拒绝，显示在表单和错误页中（src/web/refusals.tsx）。 */
export const refusals = {
  "refusal.invalid_state": "在当前状态下无法执行此操作。",
  "refusal.concurrent_change": "期间内容已被更改。以下是最新状态，请重试。",
  "refusal.sold_out": "行程中的某项刚刚售罄：请选择其他选项。",
  "refusal.change_offer_required": "此更改会增加患者应付金额或改变已确认行程的日期：请以变更提议的方式发送。",
  "refusal.slot_taken": "该时间刚刚被预订：请选择其他时间。",
  "refusal.no_recommendation": "医院尚未推荐治疗方案。",
  "refusal.fx_unavailable": "目前无法获得该货币的汇率：请稍后再试。",
  "refusal.inEnglish": "服务的原文（英文）：",
  "field.noDepartment": "该医院没有“{department}”科室：请从列表中选择。",
  "field.unknownHospital": "没有这家医院。",
} as const;
