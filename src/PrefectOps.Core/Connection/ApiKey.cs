using System;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// The API key, kept out of every string PrefectOps produces: ToString, errors and logs see only a mask.
    /// The plain value is read in exactly one place, where the Authorization header is built.
    /// </summary>
    public sealed class ApiKey
    {
        private readonly string _value;

        public ApiKey(string value)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException("An API key cannot be empty.", nameof(value));
            _value = value.Trim();
        }

        internal string Reveal() => _value;

        public override string ToString() => "********";
    }
}
