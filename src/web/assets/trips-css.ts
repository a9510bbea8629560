/** The trip pages' stylesheet (served as /assets/trips.<hash>.css): components, timeline, totals, searches, hold. */
export default String.raw`
/* The trip pages: components, the day-by-day timeline, totals, searches, hold and pay. */
.trip-components,
.trip-timeline,
.trip-totals,
.trip-search,
.trip-hold {
  margin-block: 1.5rem;
}
.notice {
  border-inline-start: 4px solid #1d70b8;
  background: #eef5fb;
  padding: 0.5rem 0.75rem;
}
.component-list,
.offers,
.timeline-days,
.day-events {
  list-style: none;
  padding: 0;
  margin: 0;
}
.trip-component,
.offer {
  border: 1px solid #b1b4b6;
  border-radius: 4px;
  padding: 0.75rem;
  margin-block: 0.5rem;
}
.component-head {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem;
  align-items: baseline;
}
.component-kind {
  font-weight: 700;
}
.offer {
  display: grid;
  grid-template-columns: 1fr auto auto;
  gap: 0.75rem;
  align-items: center;
}
@media (max-width: 40rem) {
  .offer {
    grid-template-columns: 1fr;
  }
}
form.inline {
  display: inline;
}
.issue {
  border-inline-start: 4px solid #b58105;
  background: #fff7e0;
  padding: 0.5rem 0.75rem;
  margin-block: 0.5rem;
}
.issue-error {
  border-color: #d4351c;
  background: #fdecea;
}
.issue-fix {
  margin: 0.25rem 0 0;
}
.timeline-day {
  display: grid;
  grid-template-columns: minmax(7rem, 10rem) 1fr;
  gap: 0.5rem;
  border-block-start: 1px solid #dcdcdc;
  padding-block: 0.35rem;
}
@media (max-width: 40rem) {
  .timeline-day {
    grid-template-columns: 1fr;
  }
}
.day-inpatient {
  background: repeating-linear-gradient(135deg, #e8eef8, #e8eef8 6px, #dbe4f3 6px, #dbe4f3 12px);
}
.day-fit-to-fly {
  background: #eaf5ec;
}
.swatch {
  display: inline-block;
  padding: 0 0.4rem;
  border: 1px solid #b1b4b6;
}
.day-shade {
  display: block;
  font-size: 0.875rem;
  font-style: italic;
}
.event {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem;
}
.event time {
  font-variant-numeric: tabular-nums;
  min-width: 8rem;
}
.trip-totals table,
.cancel-quote,
.history {
  border-collapse: collapse;
  width: 100%;
  max-width: 40rem;
}
.trip-totals th,
.trip-totals td,
.cancel-quote th,
.cancel-quote td,
.history th,
.history td {
  text-align: start;
  padding: 0.35rem 0.5rem;
  border-block-end: 1px solid #dcdcdc;
}
.total-dueNow,
.total-grandTotal {
  font-weight: 700;
}
.balance {
  display: grid;
  grid-template-columns: auto 1fr;
  gap: 0.25rem 1rem;
}
.search-kind {
  border: 1px solid #b1b4b6;
  border-radius: 4px;
  padding: 0.5rem 0.75rem;
  margin-block: 0.5rem;
}
.search-kind summary h3 {
  display: inline;
  font-size: 1.1rem;
}
.choice {
  display: block;
}
.countdown {
  font-weight: 700;
  font-variant-numeric: tabular-nums;
}
.pay-unavailable {
  border: 1px solid #b1b4b6;
  padding: 0.5rem 0.75rem;
}
button.danger {
  background: #d4351c;
  color: #fff;
}
button:disabled {
  opacity: 0.6;
  cursor: not-allowed;
}
`;
