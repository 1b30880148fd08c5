trigger OrderTrigger on Order (after insert) {
}
