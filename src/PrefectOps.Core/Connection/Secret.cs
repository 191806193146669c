using System;

namespace PrefectOps.Core.Connection
{
    /// <summary>
    /// A credential kept out of every string PrefectOps produces: ToString, errors and logs see only a mask. The plain
    /// value is read in exactly one place, where the Authorization header is built.
    /// </summary>
    public abstract class Secret
    {
        private readonly string _value;

        protected Secret(string value, string what)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{what} cannot be empty.", nameof(value));
            _value = value.Trim();
        }

        internal string Reveal() => _value;

        /// <summary>The value of the Authorization header that carries it.</summary>
        internal abstract string AuthorizationHeader();

        public override string ToString() => "********";
    }
}
