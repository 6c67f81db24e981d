namespace FoodDelivery.Contracts;

/// <summary>What an operator endpoint lets its caller do, and so which key it demands.</summary>
public enum OperatorScope
{
    /// <summary>Looks only: the read key or the repair key.</summary>
    Read,

    /// <summary>Changes something (moves messages, republishes, overwrites, re-homes): the repair key only.</summary>
    Repair,
}
