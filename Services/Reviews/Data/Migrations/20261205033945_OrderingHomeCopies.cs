using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FoodDelivery.Reviews.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderingHomeCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_reviews_order_id",
                table: "reviews");

            migrationBuilder.AddColumn<bool>(
                name: "home_copy",
                table: "reviews",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_reviews_order_id",
                table: "reviews",
                column: "order_id",
                unique: true,
                filter: "deleted = false AND home_copy = false");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_reviews_order_id",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "home_copy",
                table: "reviews");

            migrationBuilder.CreateIndex(
                name: "ix_reviews_order_id",
                table: "reviews",
                column: "order_id",
                unique: true,
                filter: "deleted = false");
        }
    }
}
