using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FoodDelivery.Orders.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderingHomeCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "home_copy",
                table: "orders",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "home_copy",
                table: "orders");
        }
    }
}
