using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace FoodDelivery.ApiConventions;

public static class DbUpdateExceptionExtensions
{
    /// <summary>True when the write broke a unique constraint: the caller answers 409, not 500.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
