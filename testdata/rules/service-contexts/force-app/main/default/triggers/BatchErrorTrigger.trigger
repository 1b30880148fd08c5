trigger BatchErrorTrigger on BatchApexErrorEvent (after insert) {
    BatchErrorNotifier.notify(Trigger.new);
}
