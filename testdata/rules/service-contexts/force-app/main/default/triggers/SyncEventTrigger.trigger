trigger SyncEventTrigger on Sync_Event__e (after insert) {
    SyncEventHandler.handle(Trigger.new);
}
