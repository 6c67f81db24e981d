using FoodDelivery.Contracts;

namespace FoodDelivery.Sync.Tests;

/// <summary>How every client words a page of the dead-letter list.</summary>
public sealed class DeadLetterPagingTests
{
    [Theory]
    [InlineData(0, 20, 57L, "first 20 of 57 dead letters")]
    [InlineData(20, 20, 57L, "dead letters 21-40 of 57")]
    [InlineData(0, 0, 0L, "no dead letters")]
    [InlineData(60, 0, 57L, "no dead letters after the first 60 of 57")]
    [InlineData(0, 3, null, "first 3 dead letters")]
    public void A_page_says_which_letters_of_how_many(int skip, int shown, long? total, string expected) =>
        Assert.Equal(expected, DeadLetterPaging.Describe(skip, shown, total));

    [Fact]
    public void A_page_is_asked_for_with_skip_and_limit() =>
        Assert.Equal("/sync/dead-letters?skip=20&limit=10", DeadLetterPaging.Page(20, 10));
}
