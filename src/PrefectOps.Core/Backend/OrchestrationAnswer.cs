namespace PrefectOps.Core.Backend
{
    /// <summary>
    /// The server's answer to a proposed state. <see cref="Written"/> is HTTP 201: the server wrote a state, which may
    /// be another than proposed (Scheduled -> CANCELLING is written as CANCELLED and answered REJECT). Otherwise (200)
    /// <see cref="Status"/> is REJECT, ABORT or WAIT and <see cref="Reason"/> the server's words.
    /// </summary>
    public sealed class OrchestrationAnswer
    {
        public OrchestrationAnswer(bool written, string status, string? reason, string? stateType, string? stateName, string? stateMessage)
        {
            Written = written;
            Status = status;
            Reason = reason;
            StateType = stateType;
            StateName = stateName;
            StateMessage = stateMessage;
        }

        public bool Written { get; }
        /// <summary>ACCEPT, REJECT, ABORT or WAIT.</summary>
        public string Status { get; }
        public string? Reason { get; }
        /// <summary>The run's state after the call (written or kept); null when the server did not say.</summary>
        public string? StateType { get; }
        public string? StateName { get; }
        public string? StateMessage { get; }
    }
}
