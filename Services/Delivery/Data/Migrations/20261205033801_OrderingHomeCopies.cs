using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FoodDelivery.Delivery.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderingHomeCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_deliveries_order_id",
                table: "deliveries");

            migrationBuilder.AddColumn<bool>(
                name: "home_copy",
                table: "deliveries",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "home_copy",
                table: "couriers",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_order_id",
                table: "deliveries",
                column: "order_id",
                unique: true,
                filter: "deleted = false AND home_copy = false");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_deliveries_order_id",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "home_copy",
                table: "deliveries");

            migrationBuilder.DropColumn(
                name: "home_copy",
                table: "couriers");

            migrationBuilder.CreateIndex(
                name: "ix_deliveries_order_id",
                table: "deliveries",
                column: "order_id",
                unique: true,
                filter: "deleted = false");
        }
    }
}
