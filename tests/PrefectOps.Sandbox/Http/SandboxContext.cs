using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json.Linq;
using PrefectOps.Sandbox.State;

namespace PrefectOps.Sandbox.Http
{
    /// <summary>What every route needs: the tables, the shapes, the version.</summary>
    public sealed class SandboxContext
    {
        public SandboxState State { get; }
        public Shapes Shapes { get; }
        public int Major => State.Major;
        public bool V3 => State.Major >= 3;

        public SandboxContext(SandboxState state)
        {
            State = state;
            Shapes = new Shapes(state);
        }

        public static bool TryId(string raw, out Guid id) => Guid.TryParse(raw, out id);

        /// <summary>limit (default 200; over 200 is a 422 with "detail") and offset, as every */filter route does.</summary>
        public static bool TryPage<T>(JObject body, IEnumerable<T> sorted, out List<T> page, out JsonResult? error)
        {
            page = new List<T>();
            error = null;
            int limit = body["limit"]?.Type == JTokenType.Integer ? (int)body["limit"]! : 200;
            int offset = body["offset"]?.Type == JTokenType.Integer ? (int)body["offset"]! : 0;
            if (limit > 200) { error = Errors.LimitTooHigh(); return false; }
            page = sorted.Skip(Math.Max(0, offset)).Take(Math.Max(0, limit)).ToList();
            return true;
        }
    }
}
