namespace FoodDelivery.Ops.Verbs;

internal sealed class ReinstateAccountCommand() : AccountStandingCommand(suspend: false);
