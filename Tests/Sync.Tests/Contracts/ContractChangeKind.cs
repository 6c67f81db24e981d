namespace FoodDelivery.Sync.Tests.Contracts;

/// <summary>Who survives a change of an event's schema, in a system where old and new builds run side by side.</summary>
public enum ContractChangeKind
{
    /// <summary>Every old producer and every old consumer keeps working: the recording just follows.</summary>
    Additive,

    /// <summary>
    /// Old producers are fine, old consumers are not (they refuse a word they do not know): safe only when every
    /// consumer runs the new build before any producer sends the new word, so it is approved by hand.
    /// </summary>
    ConsumersFirst,

    /// <summary>A difference no rule judges (a keyword the rules do not read): recorded only when approved by hand.</summary>
    Unjudged,

    /// <summary>An old consumer or an old producer cannot survive it: make a new event type instead.</summary>
    Breaking,
}
