using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.EntityFrameworkCore;

namespace FoodDelivery.ApiConventions;

/// <summary>
/// Keyset paging shared by every list endpoint: order by id, take the rows after the cursor, and
/// answer with the next page's address in the body and in a <c>Link: &lt;...&gt;; rel="next"</c> header.
/// </summary>
public static class Paging
{
    static readonly MethodInfo CompareGuids = typeof(Guid).GetMethod(nameof(Guid.CompareTo), [typeof(Guid)])!;

    public static async Task<Page<TRow>> PageAsync<TRow>(
        this IQueryable<TRow> rows, Expression<Func<TRow, Guid>> id, ListOrder order, PageRequest page, HttpContext http, CancellationToken ct)
    {
        if (page.After is { } after)
        {
            rows = rows.Where(AfterCursor(id, after, order));
        }
        rows = order == ListOrder.NewestFirst ? rows.OrderByDescending(id) : rows.OrderBy(id);
        var size = page.Limit ?? PageRequest.DefaultLimit;
        // One row more than asked for says whether a next page exists without counting.
        var found = await rows.Take(size + 1).ToListAsync(ct);
        if (found.Count <= size)
        {
            return new Page<TRow>(found, null);
        }
        found.RemoveAt(size);
        var next = NextAddress(http.Request, IdOf(id, found[^1]), size);
        http.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        return new Page<TRow>(found, next);
    }

    /// <summary><c>id.CompareTo(after) &gt; 0</c> (or <c>&lt; 0</c>): EF translates it to a plain uuid comparison.</summary>
    static Expression<Func<TRow, bool>> AfterCursor<TRow>(Expression<Func<TRow, Guid>> id, Guid after, ListOrder order)
    {
        // A captured variable, not a constant, so EF sends it as a parameter and reuses the query plan.
        Expression<Func<Guid>> cursor = () => after;
        var comparison = Expression.Call(id.Body, CompareGuids, cursor.Body);
        var zero = Expression.Constant(0);
        Expression test = order == ListOrder.NewestFirst ? Expression.LessThan(comparison, zero) : Expression.GreaterThan(comparison, zero);
        return Expression.Lambda<Func<TRow, bool>>(test, id.Parameters);
    }

    static Guid IdOf<TRow>(Expression<Func<TRow, Guid>> id, TRow row) =>
        id.Body is MemberExpression { Member: PropertyInfo property, Expression: ParameterExpression }
            ? (Guid)property.GetValue(row)!
            : id.Compile()(row);

    /// <summary>The same path and filters with the cursor moved on, relative to the service's root.</summary>
    static string NextAddress(HttpRequest request, Guid last, int size)
    {
        var query = new QueryBuilder();
        foreach (var (key, values) in request.Query)
        {
            if (!key.Equals("after", StringComparison.OrdinalIgnoreCase) && !key.Equals("limit", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values.OfType<string>())
                {
                    query.Add(key, value);
                }
            }
        }
        query.Add("limit", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        query.Add("after", last.ToString());
        return $"{request.PathBase}{request.Path}{query.ToQueryString()}";
    }
}
