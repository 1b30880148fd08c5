trigger PartnerEventTrigger on Partner_Event__e (after insert) {
    PartnerEventHandler.handle(Trigger.new);
}
