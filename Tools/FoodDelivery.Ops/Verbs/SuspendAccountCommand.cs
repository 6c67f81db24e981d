namespace FoodDelivery.Ops.Verbs;

internal sealed class SuspendAccountCommand() : AccountStandingCommand(suspend: true);
