trigger OrderEventTrigger on Order_Event__e (after insert) {
    OrderEventHandler.handle(Trigger.new);
}
