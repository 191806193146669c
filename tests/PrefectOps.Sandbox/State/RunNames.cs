using System;

namespace PrefectOps.Sandbox.State
{
    /// <summary>Prefect's adjective-animal run names ("wooden-slug", "mottled-asp").</summary>
    public static class RunNames
    {
        private static readonly string[] Adjectives = { "wooden", "mottled", "active", "burgundy", "functional", "inventive", "amber", "brave", "calm", "daring", "eager", "fuzzy", "gentle", "hungry", "icy", "jolly", "keen", "lucky", "misty", "nimble", "olive", "proud", "quiet", "rapid", "silver", "tidy", "urban", "vivid", "witty", "zealous" };
        private static readonly string[] Animals = { "slug", "asp", "sparrow", "camel", "agouti", "anaconda", "badger", "cobra", "dingo", "eagle", "ferret", "gecko", "heron", "ibis", "jackal", "koala", "lemur", "marmot", "newt", "ocelot", "puffin", "quail", "raven", "seal", "tapir", "urchin", "vulture", "walrus", "yak", "zebra" };
        private static readonly Random Rng = new Random();

        public static string Next()
        {
            lock (Rng) return Adjectives[Rng.Next(Adjectives.Length)] + "-" + Animals[Rng.Next(Animals.Length)];
        }
    }
}
