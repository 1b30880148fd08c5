trigger AccountChangeTrigger on AccountChangeEvent (after insert) {
    List<Id> accountIds = new List<Id>();
    for (AccountChangeEvent event : Trigger.new) {
        accountIds.addAll(event.ChangeEventHeader.getRecordIds());
    }
    System.enqueueJob(new AccountChangeSync(accountIds));
}
