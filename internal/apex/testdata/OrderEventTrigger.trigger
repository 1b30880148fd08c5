trigger OrderEventTrigger on Order_Event__e (after insert) {
    for (Order_Event__e evt : Trigger.new) {
        System.enqueueJob(new QueueableWorker(evt.Record_Id__c));
    }
    // 'callout:NotInComment'
    EventBus.TriggerContext.currentContext().setResumeCheckpoint('x');
    String ep = 'callout:Orders_NC/events';
}
