namespace FoodDelivery.Accounts.Api;

/// <summary>
/// What sign-up answers, the same whether or not the email already had an account (so sign-up does
/// not tell who has one): the email as stored, and what to do next.
/// </summary>
public sealed record SignUpReceipt(string Email, string Next);
