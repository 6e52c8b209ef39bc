# Shared components (views::components). English.

ui-employee = Employee
