/**
 * effect-withallo — the Effect-native SDK for the Allo (Withallo) telephony API.
 *
 * @since 0.1.0
 */
export * from "./WithalloError.js"
