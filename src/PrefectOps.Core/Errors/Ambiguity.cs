namespace PrefectOps.Core.Errors
{
    /// <summary>
    /// Failures after which the server may or may not have acted: a timeout, a dropped connection, a 5xx, an answer
    /// that could not be read. Callers read the object back to report what really happened.
    /// </summary>
    public static class Ambiguity
    {
        public static bool IsAmbiguous(PrefectException ex) =>
            ex.Kind == PrefectErrorKind.OperationTimeout || ex.Kind == PrefectErrorKind.ConnectionError ||
            ex.Kind == PrefectErrorKind.ServerError || ex.Kind == PrefectErrorKind.InvalidResult;
    }
}
