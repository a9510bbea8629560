// The payment verbs, as the transports (REST routes, web pages) import them.
export { applyPaymentEvent, createCardPayment, handleStripeWebhook, paymentsUnavailable } from "./payments";
export { startCheckout } from "./checkout";
export { processRefunds } from "../refunds/process";
