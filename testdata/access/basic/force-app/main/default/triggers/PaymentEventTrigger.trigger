trigger PaymentEventTrigger on Payment_Event__e (after insert) {
    HttpRequest req = new HttpRequest();
    req.setEndpoint('callout:Pay_API/events');
    req.setMethod('POST');
    new Http().send(req);
}
