namespace FoodDelivery.SystemTests;

/// <summary>A broker user's permissions on the default vhost: the regular expressions of what it may configure, write and read.</summary>
public sealed record BrokerPermission(string User, string Configure, string Write, string Read);
