using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FoodDelivery.Menu.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderingHomeCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_menu_items_restaurant_id_name",
                table: "menu_items");

            migrationBuilder.AddColumn<bool>(
                name: "home_copy",
                table: "menu_items",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_menu_items_restaurant_id_name",
                table: "menu_items",
                columns: new[] { "restaurant_id", "name" },
                unique: true,
                filter: "deleted = false AND home_copy = false");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_menu_items_restaurant_id_name",
                table: "menu_items");

            migrationBuilder.DropColumn(
                name: "home_copy",
                table: "menu_items");

            migrationBuilder.CreateIndex(
                name: "ix_menu_items_restaurant_id_name",
                table: "menu_items",
                columns: new[] { "restaurant_id", "name" },
                unique: true,
                filter: "deleted = false");
        }
    }
}
