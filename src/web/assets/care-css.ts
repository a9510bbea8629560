/** The care pages' stylesheet (served as /assets/care.<hash>.css): filters, slots, prices, quotes, proofs. */
export default String.raw`
main h1 { overflow-wrap: anywhere; }
.lead { font-size: 1.1em; max-width: 60ch; }
.filter { display: flex; flex-wrap: wrap; gap: 0.75rem 1rem; align-items: flex-end; margin-bottom: var(--gap); }
.filter .field { margin: 0; }
.pager { display: flex; gap: 1rem; margin: var(--gap) 0; }
.free {
  display: inline-block; font-weight: 700; color: var(--ok); background: #eaf7ee;
  border: 2px solid var(--ok); border-radius: var(--radius); padding: 0.1rem 0.5rem;
}
.slots label { display: block; padding: 0.25rem 0; }
.record { margin-bottom: var(--gap); }
.typed { white-space: pre-wrap; }
.tag-requested, .tag-scheduled, .tag-open { color: var(--accent); background: #eaf2fb; }
.tag-completed { color: var(--ok); background: #eaf7ee; }
.tag-withdrawn { color: var(--error); background: #fdecea; }
.verdict, .verify-result.ok, .verify-result.bad { border-left: 0.4rem solid; padding: 0.5rem 1rem; }
.verdict.ok, .verify-result.ok { border-color: var(--ok); background: #eaf7ee; }
.verdict.bad, .verify-result.bad { border-color: var(--error); background: #fdecea; }
.browser-check { border-top: 1px solid var(--line); margin-top: var(--gap); }
textarea[name="proof"] { font-family: ui-monospace, monospace; }
@media (max-width: 40rem) {
  table.prices th:nth-child(3), table.prices td:nth-child(3),
  table.prices th:nth-child(4), table.prices td:nth-child(4) { display: none; }
}
`;
