using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FoodDelivery.Payments.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderingHomeCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_payments_order_id",
                table: "payments");

            migrationBuilder.AddColumn<bool>(
                name: "home_copy",
                table: "payments",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_payments_order_id",
                table: "payments",
                column: "order_id",
                unique: true,
                filter: "deleted = false AND home_copy = false");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_payments_order_id",
                table: "payments");

            migrationBuilder.DropColumn(
                name: "home_copy",
                table: "payments");

            migrationBuilder.CreateIndex(
                name: "ix_payments_order_id",
                table: "payments",
                column: "order_id",
                unique: true,
                filter: "deleted = false");
        }
    }
}
